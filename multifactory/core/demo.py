"""Moved to multifactory.community.demo_context (core imports no app above it).

Kept only while place's demo imports it from here; the layer test allows this one
import until place is split (issue 8, item 1), then this module goes.
"""

from multifactory.community.demo_context import DEMO_PASSWORD, DemoContext

__all__ = ["DEMO_PASSWORD", "DemoContext"]
