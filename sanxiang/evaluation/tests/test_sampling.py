"""Sampling: reproducible from the recorded inputs, stratified, re-runnable by hand and by command."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.core.errors import Conflict
from sanxiang.evaluation import sampling, services
from sanxiang.evaluation.models import Draw, SampledFile
from sanxiang.ledger.models import Entry

from .conftest import closed_case

ids = st.lists(st.uuids().map(str), min_size=0, max_size=30, unique=True)
strata_st = st.lists(
    st.tuples(st.sampled_from(["ordinary.penalty", "ordinary.no_penalty", "simplified.penalty"]), ids),
    min_size=1,
    max_size=3,
    unique_by=lambda t: t[0],
)


@given(seed=st.text(min_size=1, max_size=20), rows=strata_st, size=st.integers(1, 10), shuffle=st.randoms())
def test_the_same_inputs_give_the_same_files_whatever_the_candidate_order(seed, rows, size, shuffle):
    strata = [sampling.Stratum(code, "", min(size, len(c)), c) for code, c in rows]
    shuffled = []
    for code, candidates in rows:
        mixed = list(candidates)
        shuffle.shuffle(mixed)
        shuffled.append(sampling.Stratum(code, "", min(size, len(mixed)), mixed))
    shuffle.shuffle(shuffled)
    assert sampling.draw(seed, "CODE", strata) == sampling.draw(seed, "CODE", shuffled)
    assert sampling.candidates_digest(strata) == sampling.candidates_digest(shuffled)


@given(seed=st.text(min_size=1, max_size=20), rows=strata_st, size=st.integers(1, 10))
def test_each_stratum_gives_exactly_its_size_from_its_own_candidates(seed, rows, size):
    strata = [sampling.Stratum(code, "", min(size, len(c)), c) for code, c in rows]
    picks = sampling.draw(seed, "CODE", strata)
    for stratum in strata:
        mine = [p for p in picks if p.stratum == stratum.code]
        assert len(mine) == min(size, len(stratum.candidates))
        assert {p.case_id for p in mine} <= set(stratum.candidates)
        assert [p.rank for p in mine] == list(range(1, len(mine) + 1))


def test_a_key_is_the_sha256_anyone_can_compute_by_hand():
    expected = hashlib.sha256(b"42|91140882MA0000000X|ordinary.penalty|abc").hexdigest()
    assert sampling.rank_key("42", "91140882MA0000000X", "ordinary.penalty", "abc") == expected


def test_another_seed_draws_other_files():
    candidates = [f"case-{i}" for i in range(40)]
    stratum = [sampling.Stratum("ordinary.penalty", "", 5, candidates)]
    draws = {tuple(p.case_id for p in sampling.draw(str(seed), "X", stratum)) for seed in range(5)}
    assert len(draws) > 1


@pytest.mark.django_db
def test_the_draw_is_stratified_by_procedure_and_decision_and_only_takes_files_closed_in_the_period(
    cast, drawn, files
):
    samples = SampledFile.objects.filter(plan=drawn, body=cast.body_a)
    by_stratum = {}
    for s in samples:
        by_stratum.setdefault(s.stratum, []).append(s.case)
    assert {k: len(v) for k, v in by_stratum.items()} == {
        "ordinary.penalty": 2,
        "ordinary.no_penalty": 2,
        "simplified.penalty": 2,
    }
    assert all(c in files["a"] for cases in by_stratum.values() for c in cases)
    assert SampledFile.objects.filter(plan=drawn, body=cast.body_b).count() == 2


@pytest.mark.django_db
def test_the_draw_records_its_inputs_and_can_be_recomputed_from_them_alone(cast, drawn):
    draw = Draw.objects.get(plan=drawn, body=cast.body_a)
    assert draw.seed == "20260501" and draw.body_code == cast.body_a.credit_code
    # Re-run by hand: sort each stratum's recorded candidates by SHA-256 of "seed|code|stratum|id".
    by_hand = []
    for stratum in sorted(draw.strata, key=lambda s: s["code"]):
        keyed = sorted(
            (hashlib.sha256(f"{draw.seed}|{draw.body_code}|{stratum['code']}|{c}".encode()).hexdigest(), c)
            for c in stratum["candidates"]
        )
        by_hand += [c for _key, c in keyed[: stratum["size"]]]
    assert by_hand == draw.drawn
    lines = "".join(
        f"{s['code']}\t{c}\n" for s in sorted(draw.strata, key=lambda s: s["code"]) for c in s["candidates"]
    )
    assert hashlib.sha256(lines.encode()).hexdigest() == draw.candidates_sha256
    entry = Entry.objects.get(index=draw.ledger_index)
    assert entry.kind == "evaluation.files_drawn" and draw.candidates_sha256 in entry.payload


@pytest.mark.django_db
def test_the_redraw_command_reports_a_match_and_notices_changed_candidates(cast, drawn):
    out = StringIO()
    call_command("evaluation", "redraw", str(drawn.pk), stdout=out)
    assert "均可复现" in out.getvalue()
    closed_case(cast.body_a)  # a file closed in the period after the draw
    out = StringIO()
    call_command("evaluation", "redraw", str(drawn.public_id), stdout=out)
    assert "与记录一致" in out.getvalue() and "候选案卷清单与抽取时不同" in out.getvalue()


@pytest.mark.django_db
def test_the_redraw_command_fails_when_the_record_was_altered(cast, drawn):
    draw = Draw.objects.get(plan=drawn, body=cast.body_a)
    draw.drawn = list(reversed(draw.drawn))
    draw.save()
    with pytest.raises(CommandError, match="无法复现"):
        call_command("evaluation", "redraw", str(drawn.pk), stdout=StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("evaluation", "redraw", "999999", stdout=StringIO())


@pytest.mark.django_db
def test_the_seed_is_fixed_at_the_first_draw_and_bodies_are_drawn_once(cast, drawn):
    with pytest.raises(Conflict):
        services.draw_samples(cast.supervisor, drawn, {"seed": "other"})
    before = SampledFile.objects.filter(plan=drawn).count()
    services.draw_samples(cast.supervisor, drawn, {})
    assert SampledFile.objects.filter(plan=drawn).count() == before


@pytest.mark.django_db
def test_a_generated_seed_is_recorded_when_none_is_given(cast, plan):
    services.draw_samples(cast.supervisor, plan)
    plan.refresh_from_db()
    assert plan.seed.isdigit() and all(d.seed == plan.seed for d in plan.draws.all())
