#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: installs PostgreSQL from Debian's packages when it is
# missing, starts a cluster in a temporary folder on a Unix socket only (no TCP port) as an unprivileged user,
# exports HIWAR_TEST_POSTGRES for the tests, runs the command, stops the cluster and deletes the folder.
# When PostgreSQL cannot be installed, the command runs without it and the PostgreSQL tests say they skipped.
# Usage: scripts/with_postgres.sh COMMAND [ARGUMENT...]
set -uo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "with_postgres: installing PostgreSQL (Debian's postgresql package)"
    sudo_if_needed=""
    [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo -n"
    $sudo_if_needed apt-get install -y --no-install-recommends postgresql >/dev/null 2>&1 ||
        { $sudo_if_needed apt-get update >/dev/null 2>&1 &&
          $sudo_if_needed apt-get install -y --no-install-recommends postgresql >/dev/null 2>&1; }
    bin="$(find_bin)"
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "with_postgres: PostgreSQL is not available; its tests will skip"
    exec "$@"
fi

work="$(mktemp -d /tmp/hiwar-pg.XXXXXX)"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses root: the cluster belongs to the postgres user the package created.
    chown postgres "$work"
    run_as=(runuser -u postgres --)
fi
stop() {
    "${run_as[@]}" "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop EXIT
"${run_as[@]}" "$bin/initdb" -D "$work/data" -U hiwar -A trust --no-sync >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log"; echo "with_postgres: initdb failed"; exit 1; }
"${run_as[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
    -o "-k $work -c listen_addresses='' -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$work/server.log"; echo "with_postgres: the server did not start"; exit 1; }
chmod 755 "$work"
export HIWAR_TEST_POSTGRES="postgres://hiwar@localhost/postgres?host=$work"
echo "with_postgres: a throwaway cluster on $work/.s.PGSQL.5432"
"$@"
status=$?
exit $status
