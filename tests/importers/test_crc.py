"""The big-integer FIT CRC against the textbook byte-at-a-time definition."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from runback.importers.fit import crc16, crc16_table


def test_known_check_value() -> None:
    # CRC-16/ARC's published check value for the ASCII digits 1-9.
    assert crc16(b"123456789") == 0xBB3D
    assert crc16_table(b"123456789") == 0xBB3D


def test_empty_input_has_crc_zero() -> None:
    assert crc16(b"") == 0


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_big_integer_crc_matches_the_table_crc(data: bytes) -> None:
    assert crc16(data) == crc16_table(data)


def test_a_whole_file_ends_in_a_zero_remainder() -> None:
    # Appending a message's CRC (little-endian) gives a remainder of zero.
    data = bytes(range(256)) * 50
    crc = crc16(data)
    assert crc16(data + crc.to_bytes(2, "little")) == 0
