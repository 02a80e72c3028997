"""Operations: backups, restores and the purge of personal data past its retention period."""
