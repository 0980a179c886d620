"""Expected rejections of inputs: a dropped record is not a bug (Scrapy's DropItem)."""


class DropRecord(Exception):
    """An input that cannot become a document; the message is the reason a user reads."""
