"""One line of English per event, for users who do not read Arabic.

"Kadhimi met Biden at the White House", "Tueller (US Ambassador to Iraq)
said", "Attack in Sadr City: 36 killed, 62 wounded". Names are the
gazetteer's canonical English ones, shortened to the surname for people;
people the gazetteer does not know are romanised.
"""

from __future__ import annotations

from collections.abc import Sequence

_PARTICLES = ("al-", "el-", "Al-")


def short(name: str, kind: str) -> str:
    """A person's surname ("Mustafa al-Kadhimi" -> "Kadhimi"); other names whole."""
    if kind != "person" or " " not in name:
        return name
    last = name.split()[-1]
    for particle in _PARTICLES:
        if last.startswith(particle) and len(last) > len(particle):
            return last[len(particle) :]
    return last


def _names(people: Sequence[tuple[str, str]]) -> str:
    names = [short(name, kind) for name, kind in people]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _place(location: str | None, prefix: str) -> str:
    if not location:
        return ""
    article = "the " if location.startswith(("White House", "Pentagon", "Green Zone")) else ""
    return f" {prefix} {article}{location}"


def meeting(parties: Sequence[tuple[str, str]], location: str | None, planned: bool) -> str:
    if len(parties) >= 2:
        head = f"{short(*parties[0])} {'to meet' if planned else 'met'} {_names(parties[1:])}"
    elif parties:
        head = f"Meeting of {short(*parties[0])}" + (" (planned)" if planned else "")
    else:
        head = "Meeting" + (" (planned)" if planned else "")
    return head + _place(location, "at" if location and "House" in location else "in")


def statement(speaker: tuple[str, str] | None, office: str | None, threat: bool) -> str:
    who = short(*speaker) if speaker else "Unnamed speaker"
    if office and speaker and office != speaker[0]:
        who += f" ({office})"
    return who + (" threatened" if threat else " said")


def announcement(actor: tuple[str, str] | None, gloss: str | None, planned: bool) -> str:
    who = short(*actor) if actor else "Announcement"
    verb = " to announce" if planned else " announced"
    what = f" the {gloss}" if gloss else ""
    return (who + verb + what) if actor else ("Announcement" + (f": {gloss}" if gloss else ""))


def attack(location: str | None, killed: int | None, wounded: int | None,
           perpetrator: str | None) -> str:
    line = "Attack" + _place(location, "in")
    counts = []
    if killed is not None:
        counts.append(f"{killed} killed")
    if wounded is not None:
        counts.append(f"{wounded} wounded")
    if counts:
        line += ": " + ", ".join(counts)
    if perpetrator:
        line += f" ({perpetrator})"
    return line
