#!/usr/bin/env python3
"""Fails on a function-level import without a comment saying why (issue 16, CONTRIBUTING.md "Imports").

A module imports at the top of the file. A function-level import stays only where a cycle is truly
unavoidable or a heavy library loads on first use, with a comment saying which
(`# cycle: review.tracking imports applications.workflow`, `# heavy: Typst loads on first render`,
`# in ready(): models load after the app registry`, `# upward (named exception in docs/architecture.md)`).
An import counts as commented when its first or last line carries a `#` comment, or the line just above
it is a comment; in a block of consecutive imports, the comment of the block's first import covers the
block. A bare `# noqa: F401` is no reason.
Tests and migrations are exempt.
"""

import ast
import io
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_PARTS = {"tests", "migrations"}
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
IMPORTS = (ast.Import, ast.ImportFrom)
NOQA = re.compile(r"^#\s*(noqa(:\s*[A-Z]+[0-9]+(,\s*[A-Z]+[0-9]+)*)?)?\s*$")


def function_imports(tree: ast.AST):
    """Every Import/ImportFrom inside a function body (nested ones once) in source order, each with whether
    the statement just before it in the same block is an import too."""
    found = {}
    for function in ast.walk(tree):
        if isinstance(function, FUNCTIONS):
            for node in ast.walk(function):
                for field in ("body", "orelse", "finalbody"):
                    block = getattr(node, field, None)
                    if not isinstance(block, list):
                        continue
                    for before, statement in zip([None, *block], block, strict=False):
                        if isinstance(statement, IMPORTS):
                            found[id(statement)] = (statement, isinstance(before, IMPORTS))
    return sorted(found.values(), key=lambda pair: pair[0].lineno)


def comment_lines(source: str) -> tuple[set[int], set[int]]:
    """The lines with a comment that gives a reason, and those of them holding nothing but the comment.

    A bare `# noqa: F401` silences a linter and says nothing: it is no reason."""
    reasons, alone = set(), set()
    previous_line = 0  # the line of the last token that is not a comment or a line break
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            if NOQA.sub("", token.string):
                reasons.add(token.start[0])
                if previous_line != token.start[0]:
                    alone.add(token.start[0])
        elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            previous_line = token.end[0]
    return reasons, alone


def uncommented(source: str) -> tuple[int, list[int]]:
    """How many function-level imports `source` has, and the lines of those without a comment."""
    imports = function_imports(ast.parse(source))
    reasons, alone = comment_lines(source)
    missing = []
    block_commented = False  # the first import of the current block of consecutive imports says why
    for node, follows_an_import in imports:
        commented = node.lineno - 1 in alone or bool({node.lineno, node.end_lineno} & reasons)
        block_commented = commented or (follows_an_import and block_commented)
        if not block_commented:
            missing.append(node.lineno)
    return len(imports), missing


def main() -> int:
    files = [
        path
        for path in sorted(ROOT.glob("zhicheng/**/*.py"))
        if not SKIP_PARTS & set(path.relative_to(ROOT).parts)
    ]
    total = 0
    missing = []
    for path in files:
        count, lines = uncommented(path.read_text(encoding="utf-8"))
        total += count
        missing += [f"{path.relative_to(ROOT)}:{line}" for line in lines]
    for where in missing:
        print(f"{where}: function-level import without a comment saying why (cycle, heavy, in ready())")
    if missing:
        print(
            f"{len(missing)} of {total} function-level import(s) uncommented: import at the top of the module, "
            "or say why not.",
            file=sys.stderr,
        )
        return 1
    print(f"function-level imports: {total} in {len(files)} production files, each with its reason")
    return 0


if __name__ == "__main__":
    sys.exit(main())
