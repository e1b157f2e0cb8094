"""KeiDesigner: design kei-class vehicles for US production and see where they stand against the rules."""

__version__ = "0.1.0"
