"""The mayor's pledges (공약) and their half-year management cards; builds on `plans` (and `portal`)."""
