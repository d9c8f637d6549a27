"""Email (SMTP) connector for mailing lists."""
