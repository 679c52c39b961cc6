"""The ``partnernet`` command line beside ``cli.py``: its options (``options``) and the body of each
command (``commands``), every word through the gettext catalogue of ``graph.i18n``."""
