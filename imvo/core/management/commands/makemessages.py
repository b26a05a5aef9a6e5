from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """makemessages without fuzzy guesses: a new text stays untranslated until someone translates it."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
