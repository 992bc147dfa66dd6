"""The residents (mieszkańcy) who can log in at the dev SAML IdP, with their eIDAS attributes.

Invented people: the PESELs are valid (birth date, sex digit, check digit) but made up for the
project. Log in at the dev IdP with the username as the password, e.g. ``zofia`` / ``zofia``.

| username     | name                      | PESEL       | born       |
|--------------|---------------------------|-------------|------------|
| zofia        | Zofia Wójcik-Żółkiewska   | 78031204627 | 1978-03-12 |
| lukasz       | Łukasz Gąsienica          | 91082913577 | 1991-08-29 |
| malgorzata   | Małgorzata Ślęzak         | 65110428081 | 1965-11-04 |
| jedrzej      | Jędrzej Ćwikła            | 04221531710 | 2004-02-15 |
"""

from __future__ import annotations

from dataclasses import dataclass

# The attribute names of the eIDAS natural person profile, sent with NameFormat "uri" (as the
# national node, Węzeł Krajowy, sends them).
PERSON_IDENTIFIER = "http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier"
GIVEN_NAME = "http://eidas.europa.eu/attributes/naturalperson/CurrentGivenName"
FAMILY_NAME = "http://eidas.europa.eu/attributes/naturalperson/CurrentFamilyName"
DATE_OF_BIRTH = "http://eidas.europa.eu/attributes/naturalperson/DateOfBirth"


@dataclass(frozen=True)
class Resident:
    """A test resident: how to log in, and what the IdP asserts about them."""

    username: str
    password: str
    given_name: str
    family_name: str
    pesel: str
    date_of_birth: str  # ISO 8601, YYYY-MM-DD, as the eIDAS DateOfBirth attribute

    def attributes(self) -> dict[str, list[str]]:
        """The eIDAS attributes the IdP releases, by URI (PersonIdentifier is the PESEL)."""
        return {
            PERSON_IDENTIFIER: [self.pesel],
            GIVEN_NAME: [self.given_name],
            FAMILY_NAME: [self.family_name],
            DATE_OF_BIRTH: [self.date_of_birth],
        }


RESIDENTS: tuple[Resident, ...] = (
    Resident("zofia", "zofia", "Zofia", "Wójcik-Żółkiewska", "78031204627", "1978-03-12"),
    Resident("lukasz", "lukasz", "Łukasz", "Gąsienica", "91082913577", "1991-08-29"),
    Resident("malgorzata", "malgorzata", "Małgorzata", "Ślęzak", "65110428081", "1965-11-04"),
    Resident("jedrzej", "jedrzej", "Jędrzej", "Ćwikła", "04221531710", "2004-02-15"),
)


def resident(username: str) -> Resident:
    """The test resident with this username (KeyError when there is none)."""
    for candidate in RESIDENTS:
        if candidate.username == username:
            return candidate
    raise KeyError(username)
