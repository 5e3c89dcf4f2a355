"""The staff web UI for cases: thin views over cases.services and cases.selectors."""

from .detail import case_detail, run_transition
from .lists import case_list, my_cases
from .register import new_case

__all__ = ["case_detail", "case_list", "my_cases", "new_case", "run_transition"]
