"""The public portal: home, body directory, search, open data (issue 5)."""
