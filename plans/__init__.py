"""The organisation (municipalities, units, staff) and its business plans; imports only `portal`."""
