#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store's PostgreSQL tests.
#
#   url=$(scripts/pg-test-server.sh start DIR)    # DIR: an empty directory to hold the cluster
#   scripts/pg-test-server.sh stop DIR             # stops the server and removes DIR
#
# `start` prints the address to connect to (postgres://USER@127.0.0.1:PORT/postgres).
#
# Installs Debian's `postgresql` when no server binaries are found (apt-get, as root). The
# cluster lives in a new temporary directory, listens on loopback only, trusts local
# connections (a test server) and runs as the invoking user, or as `postgres` when that is root
# (the server refuses to run as root).
set -euo pipefail

if [ "${1:-}" = stop ]; then
    dir=$2
    owner=$(stat -c %U "$dir")
    if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
        runuser -u "$owner" -- "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
    else
        "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
    fi
    rm -rf "$dir"
    exit 0
fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "pg-test-server: PostgreSQL is not installed and installing it needs root" >&2
        exit 1
    fi
    echo "pg-test-server: installing postgresql from Debian" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
fi

if [ "${1:-}" != start ] || [ -z "${2:-}" ]; then
    echo "usage: $0 start DIR | $0 stop DIR" >&2
    exit 1
fi
dir=$2
mkdir -p "$dir"
echo "$bin" > "$dir/bin"
as_user=()
user=$(id -un)
if [ "$(id -u)" = 0 ]; then
    user=postgres
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
    chown "$user" "$dir"
    as_user=(runuser -u "$user" --)
fi
# A free port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_user[@]}" "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_user[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
echo "postgres://$user@127.0.0.1:$port/postgres"
