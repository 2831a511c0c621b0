"""Identity and consistency checks (DOMAIN.md §2–4), as CheckResult lists."""
