from pathlib import Path

from sanxiang.documents import docgen

DOC = Path(__file__).resolve().parents[3] / "docs" / "documents.md"


def test_the_catalogue_in_the_docs_matches_the_code():
    text = DOC.read_text()
    section = text[text.index(docgen.START) : text.index(docgen.END) + len(docgen.END)]
    assert section == docgen.render(), "paste `sanxiang documents catalogue` into docs/documents.md"
