"""Points ledger and coupons."""
