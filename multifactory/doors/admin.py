"""/operator/ for doors and keys: read-only. The keys keeper's mandate (or a decision)
owns keys, doors and access policies; device tokens are kept as hashes and never
shown."""

from multifactory.core.admin import register_read_only
from multifactory.doors.models import (
    AccessCheck,
    AccessPolicy,
    Door,
    DoorController,
    Key,
    KeyHandover,
)

register_read_only(Door, Key, KeyHandover, AccessPolicy, DoorController, AccessCheck)
