# Sourced by scripts/test: a throwaway PostgreSQL for the server's test suite. Debian's package,
# started by hand under a temporary directory (initdb + pg_ctl, no system service, nothing left
# behind), listening on a free loopback port.

# Starts it and exports CLOUDSIGN_TEST_POSTGRES, which the server's tests read (tests/common);
# it is stopped and deleted when the calling script exits. Fails when PostgreSQL is not installed.
# fsync is off (the cluster lives for one run) unless PG_FSYNC=on, as the load bench sets so that
# its writes cost what they would in production.
start_throwaway_postgres() {
  local bin port
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -n "$bin" && -x "$bin/initdb" ]] || return 1
  PG_DIR="$(mktemp -d /tmp/cloudsign-pg.XXXXXX)"
  trap stop_throwaway_postgres EXIT
  # initdb refuses to run as root: as root, the cluster belongs to the package's `postgres` user.
  PG_AS=()
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  # From the cluster's own directory: the postgres user may not enter the caller's.
  (cd "$PG_DIR" && "${PG_AS[@]}" "$bin/initdb" -D "$PG_DIR/data" --auth=trust --username=cloudsign \
    --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log")
  (cd "$PG_DIR" && "${PG_AS[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=400" >/dev/null)
  PG_BIN="$bin"
  export CLOUDSIGN_TEST_POSTGRES="postgres://cloudsign@127.0.0.1:$port/postgres"
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway, $PG_DIR)"
}

stop_throwaway_postgres() {
  [[ -n "${PG_DIR:-}" ]] || return 0
  (cd "$PG_DIR" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1) || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
