"""Tugas saya: each person's pending tasks (home page), and the daily e-mail digest of them."""
