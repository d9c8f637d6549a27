"""carepost: the social media workbench for healthcare organisations."""

__version__ = "0.1.0"
