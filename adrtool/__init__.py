"""adrtool: Architecture Decision Records a team can trust."""

__version__ = "0.1.0"
