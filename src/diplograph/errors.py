"""Domain exceptions. The CLI turns each into one line on stderr; batch runs turn them into error records."""


class DiplographError(Exception):
    """Base class of every error diplograph raises on purpose."""


class InputError(DiplographError):
    """A document could not be read: missing, empty, binary, undecodable or malformed."""

    def __init__(self, source: str, problem: str, line: int | None = None):
        self.source = source
        self.problem = problem
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


class KnowledgeBaseError(DiplographError):
    """A knowledge-base data file breaks its format (docs/kb-format.md)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        super().__init__(f"{path}: {problem}")


class GoldError(DiplographError):
    """A gold annotation file is malformed."""


class StoreError(DiplographError):
    """The store cannot be used: a malformed URL, an unreachable server, a schema from a newer diplograph."""


class ConfigError(DiplographError):
    """A configuration file or mapping names an unknown setting or gives one the wrong type."""

    def __init__(self, where: str, problem: str):
        self.where = where
        super().__init__(f"{where}: {problem}")


class PipelineError(DiplographError):
    """The pipeline's stages are in an order where one needs what no earlier stage assigns."""
