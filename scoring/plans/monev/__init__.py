"""Monev: the quarterly monitoring report of a unit's rencana aksi (issue 13 point 4)."""
