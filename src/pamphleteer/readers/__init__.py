"""Article readers by file extension: each turns text into an `Article`."""

from pamphleteer.readers.mailtext import read_mailtext
from pamphleteer.readers.markdown import read_markdown

READERS = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_mailtext,
}
