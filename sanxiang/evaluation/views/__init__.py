"""Staff pages (mounted at /evaluation/) and public portal pages of the evaluation app."""
