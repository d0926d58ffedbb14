"""Open Referral HSDS 3.0 read-only API (`/api/hsds/`): the published directory in the
international human-services data standard, following the official OpenAPI document.
Mapping: README « HSDS 3.0 mapping »."""
