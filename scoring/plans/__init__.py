"""Rencana aksi: a unit's action plan per cycle, its quarterly monitoring (monev) and calendar."""
