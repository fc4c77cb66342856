"""``valvo demo`` and ``valvo serve`` listen where the settings say, and a port that cannot be
listened on is one line naming the port and its setting, before any banner or database."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.ports import free_port
from valvo.cli.commands import DEMO_TCP_PORTS, demo_settings
from valvo.cli.main import app
from valvo.cli.ports import first_unavailable, listeners

runner = CliRunner()


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port another process is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no valvo.toml
    monkeypatch.setenv("VALVO_DATA_DIR", str(tmp_path / "var"))
    return tmp_path / "var"


def _free_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every other demo listener on a port nobody holds (two demos may run beside this test)."""
    monkeypatch.setenv("VALVO_OSMAND_PORT", str(free_port()))
    monkeypatch.setenv("VALVO_VALVO_HTTP_PORT", str(free_port()))
    monkeypatch.setenv("VALVO_API_PORT", str(free_port()))


def test_the_demo_takes_every_listener_port_from_the_settings(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VALVO_API_PORT", "18000")
    monkeypatch.setenv("VALVO_OSMAND_PORT", "18055")
    monkeypatch.setenv("VALVO_VALVO_HTTP_PORT", "18056")
    monkeypatch.setenv("VALVO_TCP_PORTS", '{"teltonika": 18027, "gt06": 18023}')
    monkeypatch.setenv("VALVO_UDP_PORTS", '{"teltonika": 18027}')
    ports = {item.setting: item.port for item in listeners(demo_settings())}
    assert ports == {
        "VALVO_API_PORT": 18000,
        "VALVO_OSMAND_PORT": 18055,
        "VALVO_TCP_PORTS (gt06)": 18023,
        "VALVO_TCP_PORTS (teltonika)": 18027,
        "VALVO_UDP_PORTS (teltonika)": 18027,
        "VALVO_VALVO_HTTP_PORT": 18056,
    }
    # The options win over the settings; unset, the demo's usual ports.
    assert demo_settings(port=9001).api_port == 9001
    monkeypatch.delenv("VALVO_TCP_PORTS")
    monkeypatch.delenv("VALVO_VALVO_HTTP_PORT")
    assert demo_settings().tcp_ports == DEMO_TCP_PORTS
    assert demo_settings().valvo_http_port == 5056


@pytest.mark.parametrize(
    ("how", "setting"),
    [
        ("option", "VALVO_API_PORT"),
        ("tcp", "VALVO_TCP_PORTS (teltonika)"),
        ("valvo_http", "VALVO_VALVO_HTTP_PORT"),
    ],
)
def test_a_demo_on_a_busy_port_says_which_setting_before_any_banner(
    how: str, setting: str, busy_port: int, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _free_elsewhere(monkeypatch)
    monkeypatch.setenv("VALVO_TCP_PORTS", f'{{"teltonika": {free_port()}}}')
    args = ["demo", "--people", "1"]
    if how == "option":
        args += ["--port", str(busy_port)]
    elif how == "tcp":
        monkeypatch.setenv("VALVO_TCP_PORTS", f'{{"teltonika": {busy_port}}}')
    else:
        monkeypatch.setenv("VALVO_VALVO_HTTP_PORT", str(busy_port))
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert f"port {busy_port} on 127.0.0.1 is in use" in lines[0]
    assert setting in lines[0]
    assert "Valvo demo" not in result.output
    assert not data_dir.exists()  # no database, no certificate: nothing changed


def test_two_settings_on_one_port_are_named_too(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    monkeypatch.setenv("VALVO_API_PORT", str(port))
    monkeypatch.setenv("VALVO_OSMAND_PORT", str(port))
    monkeypatch.setenv("VALVO_VALVO_HTTP_PORT", str(free_port()))
    monkeypatch.setenv("VALVO_TCP_PORTS", "{}")
    message = first_unavailable(listeners(demo_settings()))
    assert message is not None
    assert f"port {port}" in message
    assert "VALVO_OSMAND_PORT" in message


def test_serve_refuses_a_busy_gateway_port_in_one_line(
    busy_port: int, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VALVO_OSMAND_PORT", str(busy_port))
    result = runner.invoke(app, ["serve", "gateway"])
    assert result.exit_code == 2, result.output
    assert "VALVO_OSMAND_PORT" in result.output
    assert f"port {busy_port}" in result.output
