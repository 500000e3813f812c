"""The ZI calendar of a unit, the personal iCalendar feed and the plan item reminders."""
