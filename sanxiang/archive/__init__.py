"""Electronic case file (电子卷宗): export and offline verification (issue 3)."""
