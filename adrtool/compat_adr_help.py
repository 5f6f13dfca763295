"""Help texts of the ``adr`` command (adr-tools' shape: usage line, blank line, text).

The usage lines are adr-tools' own, so muscle memory and docs still match; the
explanations are written for adrtool.
"""

from __future__ import annotations

# Help in adr-tools' shape (a usage line, a blank line, the description), in our words.
HELP: dict[str, str] = {
    "help": """usage: adr help [COMMAND [SUBCOMMAND...]]

Shows how to use COMMAND (and SUBCOMMAND, e.g. "adr help generate toc").
Without a command, lists every command.
""",
    "init": """usage: adr init [DIRECTORY]

Starts a log of architecture decisions: creates DIRECTORY (default doc/adr) and
writes its first record, "Record architecture decisions". A DIRECTORY given here
is remembered in the file .adr-dir, so the other commands find it from any
subfolder.
""",
    "new": """usage: adr new [-s SUPERSEDED] [-l TARGET:LINK:REVERSE-LINK] TITLE_TEXT...

Writes the next numbered decision record and prints its path, so scripts can
use it. The words of TITLE_TEXT, joined by spaces, become the title; the file
name is the number and the title in lower case with dashes. The record opens
in $VISUAL (or else $EDITOR) when one is set.

The text comes from $ADR_TEMPLATE, else from templates/template.md in the
ADR folder, else from the built-in template; the words NUMBER, TITLE, DATE and
STATUS in a template are filled in. The date is today's, or $ADR_DATE.

Options:

-s SUPERSEDED   The new decision replaces an earlier one. SUPERSEDED is its
                number or part of its file name. The new record gets a
                "Supersedes" line, and the old one's status becomes
                "Superseded by" a link to the new record.

-l TARGET:LINK:REVERSE-LINK
                Links the new record to record TARGET (a number or part of a
                file name): the new record says LINK, TARGET says REVERSE-LINK.

Both options can be repeated.

Examples:

    adr new Use PostgreSQL for orders
    adr new -s 4 Move orders to a managed database
    adr new -s 2 -l "3:Amends:Amended by" Cache prices for an hour
""",
    "link": """usage: adr link SOURCE LINK TARGET REVERSE-LINK

Links two existing records both ways: SOURCE gets the line LINK with a link to
TARGET, and TARGET gets REVERSE-LINK with a link back to SOURCE. SOURCE and
TARGET are numbers or parts of file names.

Example:

    adr link 7 Amends 3 "Amended by"
""",
    "list": """usage: adr list

Prints the path of every decision record, in number order.
""",
    "generate": """usage: adr generate [REPORT [OPTION ...]]

Writes a report about the decision records to standard output. Without a
REPORT, lists the reports; "adr help generate REPORT" explains one.
""",
    "generate toc": """usage: adr generate toc [-i INTRO] [-o OUTRO] [-p LINK_PREFIX]

Writes a Markdown table of contents of the decision records.

Options:

-i INTRO        Markdown file to print before the list.
-o OUTRO        Markdown file to print after the list.
-p LINK_PREFIX  Text put in front of every link, e.g. the folder of the records
                as seen from where the table of contents will live.
""",
    "generate graph": """usage: adr generate graph [-p LINK_PREFIX] [-e LINK-EXTENSION]

Writes the records and the links between them as a Graphviz graph, each node
linking to its record, e.g.:

    adr generate graph | dot -Tsvg > decisions.svg

Options:

-p LINK_PREFIX     Text put in front of every node's link.
-e LINK-EXTENSION  File extension of the linked documents (default .html).
""",
    "upgrade-repository": """usage: adr upgrade-repository

Brings records written by old adr-tools versions up to date: dates written as
DD/MM/YYYY become YYYY-MM-DD.
""",
}
