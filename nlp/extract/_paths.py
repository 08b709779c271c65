"""Where the shipped rule files live: relative paths in component config are read from the
installed `chidao.corpus` package, so the pipeline works from any working directory."""

from chidao.corpus import corpus_path

__all__ = ["corpus_path"]
