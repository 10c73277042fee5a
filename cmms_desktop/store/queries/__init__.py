"""Read queries shaped for the screens: SQLAlchemy Core on the replica, no Qt.

One module per screen area (``equipment``, ...). Dialogs and table models never
write SQL themselves: they call these functions.
"""
