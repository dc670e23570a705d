"""The R syntax tree, from R's own parser (`parse(keep.source = TRUE)` and `getParseData()`,
through rpy2): the porter works on R's tree, never on guessed text."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from paws_compat._redact import mask


class PortError(Exception):
    """The script cannot be ported at all (R could not parse it)."""


@attrs.define(eq=False)  # a node is itself, not its value (two identical rows are two nodes)
class Node:
    """One row of getParseData(), linked to its children in source order."""

    id: int
    token: str
    text: str
    line1: int
    col1: int
    line2: int
    col2: int
    value: str | None = None  # a STR_CONST's string, decoded by R
    children: list[Node] = attrs.field(factory=list)

    @property
    def kids(self) -> list[Node]:
        """The children that carry syntax (comments left out)."""
        return [k for k in self.children if k.token != "COMMENT"]

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def only(self, token: str) -> bool:
        kids = self.kids
        return len(kids) == 1 and kids[0].token == token


_PARSE_R = r"""
function(src) {
  exprs <- tryCatch(parse(text = src, keep.source = TRUE, encoding = "UTF-8"), error = function(e) e)
  if (inherits(exprs, "error")) return(conditionMessage(exprs))
  d <- getParseData(exprs)
  if (is.null(d)) d <- data.frame(line1 = integer(), col1 = integer(), line2 = integer(),
                                  col2 = integer(), id = integer(), parent = integer(),
                                  token = character(), terminal = logical(), text = character())
  strings <- d$token == "STR_CONST"
  value <- rep("", nrow(d))
  if (any(strings)) {
    value[strings] <- vapply(getParseText(d, d$id[strings]), function(t) str2lang(t), "",
                             USE.NAMES = FALSE)
  }
  list(id = d$id, parent = d$parent, token = d$token, text = d$text, line1 = d$line1,
       col1 = d$col1, line2 = d$line2, col2 = d$col2, value = enc2utf8(value))
}
"""


def parse_r(source: str, filename: str = "<script>") -> tuple[list[Node], list[Node]]:
    """(top-level expressions, top-level comments) of an R script, from R's own parser."""
    from r_bridge.run import start_r

    start_r()
    import rpy2.rinterface as ri

    reply = ri.evalr(_PARSE_R)(ri.StrSexpVector([source]))
    if isinstance(reply, ri.StrSexpVector):
        # R quotes the offending lines: a token written in them is masked.
        raise PortError(mask(str(reply[0]).replace("<text>", filename)))
    columns = dict(zip(reply.names, reply, strict=True))
    nodes: dict[int, Node] = {}
    parents: dict[int, int] = {}
    for i, node_id in enumerate(columns["id"]):
        token = str(columns["token"][i])
        nodes[node_id] = Node(
            id=node_id,
            token=token,
            text=str(columns["text"][i]),
            line1=columns["line1"][i],
            col1=columns["col1"][i],
            line2=columns["line2"][i],
            col2=columns["col2"][i],
            value=str(columns["value"][i]) if token == "STR_CONST" else None,
        )
        parents[node_id] = columns["parent"][i]
    top: list[Node] = []
    comments: list[Node] = []
    for node_id, node in nodes.items():
        parent = parents[node_id]
        if parent > 0 and parent in nodes:
            nodes[parent].children.append(node)
        elif node.token == "COMMENT":
            comments.append(node)
        else:
            top.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.line1, n.col1))
    top.sort(key=lambda n: (n.line1, n.col1))
    comments.sort(key=lambda n: (n.line1, n.col1))
    return top, comments


def deparse_r(text: str) -> str:
    """R's own deparse() of an expression's source, as R's messages quote it (stopifnot())."""
    from r_bridge.run import start_r

    start_r()
    import rpy2.rinterface as ri

    reply = ri.evalr("function(t) paste(deparse(str2lang(t)), collapse = ' ')")(ri.StrSexpVector([text]))
    return str(reply[0])


def deparse_call(text: str) -> str:
    """A call's first deparsed line, as R names it in a warning or an error ("In f(x) : ...")."""
    from r_bridge.run import start_r

    start_r()
    import rpy2.rinterface as ri

    reply = ri.evalr("function(t) deparse(str2lang(t), nlines = 1L)[1L]")(ri.StrSexpVector([text]))
    return str(reply[0])
