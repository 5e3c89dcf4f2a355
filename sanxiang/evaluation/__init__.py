"""Case-file evaluation, criticism and rectification, complaints (issue 6)."""
