"""A real OpenSearch 2 node (or a small cluster) on the JVM, in the cache folder.

The server and its modules come from Maven Central (``site/services/opensearch/pom.xml``) and are
started by the project's own launcher class (``src/EmbeddedOpenSearch.java``), compiled here on
first use. One node for tests; ``--nodes 3`` to test the loss of a node.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from eurzad.devservices import paths
from eurzad.devservices.process import (
    ServiceError,
    ServiceStatus,
    apt_install,
    pid_runs,
    port_open,
    read_pid_file,
    run,
    say,
    spawn_detached,
    tail,
    terminate,
    wait_for,
    write_pid_file,
)

NAME = "opensearch"
CLUSTER_NAME = "eurzad-dev"
SERVICE_DIR = paths.REPO_ROOT / "site" / "services" / "opensearch"
POM = SERVICE_DIR / "pom.xml"
SOURCE = SERVICE_DIR / "src" / "EmbeddedOpenSearch.java"
JARS = SERVICE_DIR / "target" / "dependency"
MAIN_CLASS = "EmbeddedOpenSearch"
HUNSPELL = Path("/usr/share/hunspell")
HUNSPELL_LOCALE = "pl_PL"
HEAP = "512m"
START_TIMEOUT = 120.0
STOP_TIMEOUT = 30.0
TRANSPORT_OFFSET = 100  # node i: http port + i, transport port + 100 + i


@dataclass(frozen=True)
class OpenSearchConfig:
    """Where the nodes live, how many there are and which ports they use."""

    cache: Path
    port: int
    nodes: int = 1
    host: str = paths.HOST

    def __post_init__(self) -> None:
        if self.nodes < 1:
            raise ServiceError(f"An OpenSearch cluster needs at least one node; got {self.nodes}.")
        # The node's home path identifies its process in the process table: keep it absolute.
        object.__setattr__(self, "cache", Path(self.cache).resolve())

    @classmethod
    def from_environment(cls, *, nodes: int = 1) -> OpenSearchConfig:
        """The configured cluster: ``EURZAD_CACHE_DIR`` and ``EURZAD_OPENSEARCH_PORT``."""
        return cls(cache=paths.cache_dir(), port=paths.opensearch_port(), nodes=nodes)

    @property
    def root(self) -> Path:
        """Everything the nodes write, plus the compiled launcher."""
        return self.cache / "opensearch"

    @property
    def classes(self) -> Path:
        """The compiled launcher."""
        return self.root / "classes"

    @property
    def cluster_file(self) -> Path:
        """The size and port of the cluster that the node folders belong to."""
        return self.root / "cluster.json"

    @property
    def address(self) -> str:
        """host:port of node 0."""
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """SEARCH_URL for the portal."""
        return f"http://{self.address}"

    def node_dir(self, index: int) -> Path:
        """The folder of node ``index``: home, data, log, pid file."""
        return self.root / f"node-{index}"

    def http_port(self, index: int) -> int:
        """The HTTP port of node ``index``."""
        return self.port + index

    def transport_port(self, index: int) -> int:
        """The transport (node-to-node) port of node ``index``."""
        return self.port + TRANSPORT_OFFSET + index


# --- state ---------------------------------------------------------------------------------------


def _pid_file(node_dir: Path) -> Path:
    return node_dir / "node.pid"


def _marker(node_dir: Path) -> str:
    """What identifies the node's java process in the process table."""
    return f"-Epath.home={node_dir / 'home'} "


def _nodes_on_disk(config: OpenSearchConfig) -> list[Path]:
    if not config.root.is_dir():
        return []
    return sorted(
        (path for path in config.root.glob("node-*") if path.name[5:].isdigit()),
        key=lambda path: int(path.name[5:]),
    )


def _live_nodes(config: OpenSearchConfig) -> tuple[dict[Path, int], list[Path]]:
    """The live nodes' pids by folder, and the folders whose pid file is stale."""
    live: dict[Path, int] = {}
    stale: list[Path] = []
    for node_dir in _nodes_on_disk(config):
        pid_file = _pid_file(node_dir)
        if not pid_file.exists():
            continue
        pid = read_pid_file(pid_file)
        if pid is not None and pid_runs(pid, _marker(node_dir)):
            live[node_dir] = pid
        else:
            stale.append(node_dir)
    return live, stale


def _recorded_cluster(config: OpenSearchConfig) -> dict[str, int]:
    try:
        recorded = json.loads(config.cluster_file.read_text())
        return {"nodes": int(recorded["nodes"]), "port": int(recorded["port"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def cluster_health(host: str, port: int, *, timeout: float = 2.0) -> dict[str, object] | None:
    """GET /_cluster/health as a dict, or None when the node does not answer (yet)."""
    url = f"http://{host}:{port}/_cluster/health"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read())
    except (OSError, ValueError, urllib.error.URLError):
        return None


def status(config: OpenSearchConfig) -> ServiceStatus:
    """Whether nodes run, how many, and the cluster's health."""
    live, stale = _live_nodes(config)
    if not live:
        return ServiceStatus(NAME, False, config.address, detail="stale pid file" if stale else "")
    recorded = _recorded_cluster(config)
    port = recorded.get("port", config.port)
    health = cluster_health(config.host, port)
    pids = ", ".join(str(pid) for pid in live.values())
    nodes = f"{len(live)} node{'s' if len(live) > 1 else ''}"
    if health is None:
        detail = f"{nodes}, not answering yet, pid {pids}"
    else:
        detail = f"{nodes}, health {health.get('status')}, pid {pids}"
    return ServiceStatus(NAME, True, f"{config.host}:{port}", detail=detail)


# --- what a node needs ---------------------------------------------------------------------------


def _ensure_tool(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if found is None:
        apt_install([package], why=NAME)
        found = shutil.which(tool)
    if found is None:
        raise ServiceError(f"{tool} is still missing after installing {package}.")
    return found


def ensure_jars() -> Path:
    """The folder of OpenSearch's jars, resolved with Maven on first use."""
    if any(JARS.glob("*.jar")):
        return JARS
    mvn = _ensure_tool("mvn", "maven")
    run(
        [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies"],
        what="resolve the OpenSearch jars with Maven",
        cwd=SERVICE_DIR,
        progress=f"{NAME}: resolving jars with Maven (first run only)",
    )
    if not any(JARS.glob("*.jar")):
        raise ServiceError(f"Maven finished but put no jars in {JARS}.")
    return JARS


def ensure_launcher(config: OpenSearchConfig, jars: Path) -> Path:
    """The compiled launcher class folder, compiled when missing or older than the source."""
    compiled = config.classes / f"{MAIN_CLASS}.class"
    if compiled.exists() and compiled.stat().st_mtime >= SOURCE.stat().st_mtime:
        return config.classes
    javac = _ensure_tool("javac", "default-jdk-headless")
    config.classes.mkdir(parents=True, exist_ok=True)
    run(
        [javac, "-d", str(config.classes), "-cp", f"{jars}/*", str(SOURCE)],
        what=f"compile {SOURCE.name}",
        progress=f"{NAME}: compiling {SOURCE.name}",
    )
    return config.classes


def ensure_dictionary() -> tuple[Path, Path]:
    """Debian's Polish hunspell dictionary (.aff, .dic), installed when missing."""
    aff, dic = (HUNSPELL / f"{HUNSPELL_LOCALE}.{suffix}" for suffix in ("aff", "dic"))
    if not (aff.exists() and dic.exists()):
        apt_install(["hunspell-pl"], why=NAME)
    if not (aff.exists() and dic.exists()):
        raise ServiceError(f"hunspell-pl is installed but {aff} or {dic} is missing.")
    return aff, dic


def _prepare_home(node_dir: Path, dictionary: tuple[Path, Path]) -> Path:
    """The node's path.home, with the Polish dictionary where the hunspell filter looks."""
    home = node_dir / "home"
    target = home / "config" / "hunspell" / HUNSPELL_LOCALE
    target.mkdir(parents=True, exist_ok=True)
    for source in dictionary:
        copy = target / source.name
        if not copy.exists() or copy.stat().st_size != source.stat().st_size:
            shutil.copy2(source, copy)
    return home


def _node_command(config: OpenSearchConfig, index: int, home: Path, classpath: str) -> list[str]:
    node_dir = config.node_dir(index)
    settings = {
        "path.home": str(home),
        "path.data": str(node_dir / "data"),
        "http.port": str(config.http_port(index)),
        "transport.port": str(config.transport_port(index)),
        "network.host": config.host,
        "cluster.name": CLUSTER_NAME,
        "node.name": f"node-{index}",
        # A dev/test node must not stop allocating shards (or go read-only) because the
        # developer's disk is 85 % full.
        "cluster.routing.allocation.disk.threshold_enabled": "false",
    }
    if config.nodes == 1:
        settings["discovery.type"] = "single-node"
    else:
        settings["discovery.seed_hosts"] = ",".join(
            f"{config.host}:{config.transport_port(i)}" for i in range(config.nodes)
        )
        settings["cluster.initial_cluster_manager_nodes"] = ",".join(
            f"node-{i}" for i in range(config.nodes)
        )
    java = shutil.which("java") or "java"
    return [
        java,
        f"-Xms{HEAP}",
        f"-Xmx{HEAP}",
        "-XX:+ExitOnOutOfMemoryError",
        "-Dfile.encoding=UTF-8",
        "-cp",
        classpath,
        MAIN_CLASS,
        *(f"-E{key}={value}" for key, value in settings.items()),
    ]


# --- start, stop ---------------------------------------------------------------------------------


def _wanted_health(config: OpenSearchConfig) -> set[str]:
    # One node cannot hold replicas: yellow is as good as it gets. A cluster must be green.
    return {"yellow", "green"} if config.nodes == 1 else {"green"}


def _healthy(config: OpenSearchConfig) -> bool:
    health = cluster_health(config.host, config.port)
    return (
        health is not None
        and health.get("status") in _wanted_health(config)
        and health.get("number_of_nodes") == config.nodes
        # A node joins the cluster (transport) a moment before its HTTP port answers; a client
        # may be sent to any node, so every one must answer before the cluster counts as up.
        and all(port_open(config.host, config.port + index) for index in range(config.nodes))
    )


def _health_message(config: OpenSearchConfig) -> str:
    wanted = "yellow" if config.nodes == 1 else f"green with {config.nodes} nodes"
    return f"{NAME}: waiting for cluster health {wanted}"


def start(config: OpenSearchConfig) -> bool:
    """Start the node(s); False when the same cluster was already running."""
    live, stale = _live_nodes(config)
    if live:
        recorded = _recorded_cluster(config)
        same = recorded == {"nodes": config.nodes, "port": config.port} and set(live) == {
            config.node_dir(i) for i in range(config.nodes)
        }
        if not same:
            raise ServiceError(
                f"{NAME} is already running with {len(live)} node(s) on "
                f"{config.host}:{recorded.get('port', '?')}, not as the {config.nodes}-node "
                f"cluster on {config.address} asked for; stop it first."
            )
        wait_for(
            lambda: _healthy(config),
            timeout=START_TIMEOUT,
            message=_health_message(config),
        )
        say(f"{NAME}: already running on {config.address}")
        return False
    for node_dir in stale:
        pid_file = _pid_file(node_dir)
        stale_pid = read_pid_file(pid_file)
        say(f"{NAME}: removing the stale pid file of {node_dir.name} (pid {stale_pid})")
        with contextlib.suppress(FileNotFoundError):
            pid_file.unlink()
    for index in range(config.nodes):
        for port in (config.http_port(index), config.transport_port(index)):
            if port_open(config.host, port):
                raise ServiceError(
                    f"Port {config.host}:{port} is taken by another program, so {NAME} cannot "
                    "start there; stop that program or set EURZAD_OPENSEARCH_PORT to a free port."
                )

    jars = ensure_jars()
    classes = ensure_launcher(config, jars)
    dictionary = ensure_dictionary()
    _ensure_tool("java", "default-jdk-headless")
    _forget_other_cluster(config)

    classpath = f"{classes}:{jars}/*"
    pids: dict[int, int] = {}
    what = f"{config.nodes} nodes" if config.nodes > 1 else "1 node"
    say(f"{NAME}: starting {what} on {config.address} (heap {HEAP} each)…")
    for index in range(config.nodes):
        node_dir = config.node_dir(index)
        home = _prepare_home(node_dir, dictionary)
        pid = spawn_detached(
            _node_command(config, index, home, classpath),
            log=node_dir / "node.log",
            cwd=node_dir,
        )
        write_pid_file(_pid_file(node_dir), pid)
        pids[index] = pid
    config.cluster_file.write_text(json.dumps({"nodes": config.nodes, "port": config.port}))

    def died() -> str | None:
        for index, pid in pids.items():
            if not pid_runs(pid, _marker(config.node_dir(index))):
                return f"{NAME} node-{index} exited during start-up"
        return None

    try:
        took = wait_for(
            lambda: _healthy(config),
            timeout=START_TIMEOUT,
            message=_health_message(config),
            failed=died,
        )
    except ServiceError as error:
        dead = next(
            (i for i, pid in pids.items() if not pid_runs(pid, _marker(config.node_dir(i)))), 0
        )
        log = config.node_dir(dead) / "node.log"
        details = tail(log)
        if any(pid_runs(pid, _marker(config.node_dir(i))) for i, pid in pids.items()):
            stop(config)  # leave nothing half-started behind
        raise ServiceError(f"{error}; the end of {log} follows.", details=details) from error
    health = (cluster_health(config.host, config.port) or {}).get("status")
    say(f"{NAME}: running on {config.address} ({what}, health {health}, {took:.0f} s)")
    return True


def _forget_other_cluster(config: OpenSearchConfig) -> None:
    """Discard node data formed by a cluster of another size: it would not form this one."""
    recorded = _recorded_cluster(config)
    if not recorded or recorded["nodes"] == config.nodes:
        return
    say(
        f"{NAME}: discarding the data of the previous {recorded['nodes']}-node cluster "
        f"(throwaway dev/test data; a {config.nodes}-node cluster cannot reuse it)"
    )
    for node_dir in _nodes_on_disk(config):
        shutil.rmtree(node_dir / "data", ignore_errors=True)


def stop(config: OpenSearchConfig) -> bool:
    """Stop every node of the cluster (SIGTERM, SIGKILL after 30 s); False when none ran."""
    live, stale = _live_nodes(config)
    for node_dir in stale:
        with contextlib.suppress(FileNotFoundError):
            _pid_file(node_dir).unlink()
    if not live:
        say(f"{NAME}: not running")
        return False
    say(f"{NAME}: stopping {len(live)} node(s)…")
    terminate(list(live.values()), timeout=STOP_TIMEOUT, what=NAME)
    for node_dir in live:
        with contextlib.suppress(FileNotFoundError):
            _pid_file(node_dir).unlink()
    say(f"{NAME}: stopped")
    return True
