#!/usr/bin/env bash
# A private CUPS scheduler for the printing tests: its own config, spool, logs and cache under DIR,
# listening on 127.0.0.1:<free port> only (no unix socket, no browsing, no web interface). It never
# reads or writes the system's /etc/cups and never talks to a system cupsd.
#
#   tests/print/cupsd.sh start DIR [RAW_PORT]   prints the server address (127.0.0.1:PORT)
#   tests/print/cupsd.sh stop DIR
#
# Queues:
#   redock-pdf  cups-pdf: the PDF it makes lands in DIR/pdf
#   redock-raw  raw, to socket://127.0.0.1:RAW_PORT. Without RAW_PORT a socat listener on a free
#               port appends what it receives to DIR/raw.bin (stopped by `stop`).
# DIR/cupsd.env says the same as shell variables (SERVER, PDF_QUEUE, PDF_DIR, RAW_QUEUE, RAW_PORT).
#
# cups-pdf reads its settings from the fixed path /etc/cups/cups-pdf.conf (compiled in; only the
# per-instance variant /etc/cups/cups-pdf-NAME.conf is also looked up, in the same directory). So
# cupsd runs in a private mount namespace (`unshare -m`, we are root) where DIR/cups-pdf.conf is
# bind-mounted over that path: only this cupsd and its backends see it; the system file is untouched.
#
# Debian packages (bookworm): `apt-get install -y --no-install-recommends cups printer-driver-cups-pdf
# socat`. That brings cups-daemon (cupsd), cups-client (lpadmin, lpstat, cupsreject), cups (the
# socket backend), cups-filters-core-drivers (the pdftops filter for the PDF queue), ghostscript
# (cups-pdf's converter) and poppler-utils; util-linux and mount (unshare, mount) are always there.
# socat is needed only for the listener without RAW_PORT (and by the Rust serial tests).
set -euo pipefail

PDF_QUEUE=redock-pdf
RAW_QUEUE=redock-raw
CUPS_PDF_PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
CUPS_PDF_BACKEND=/usr/lib/cups/backend/cups-pdf

die() {
    echo "cupsd.sh: $*" >&2
    exit 1
}

need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1 ||
        missing+=("$1 (Debian package $2)")
}

check_tools() {
    missing=()
    export PATH="$PATH:/usr/sbin:/sbin"
    need cupsd cups-daemon
    need lpadmin cups-client
    need lpstat cups-client
    need unshare util-linux
    need mount mount
    need gs ghostscript
    [ -x "$CUPS_PDF_BACKEND" ] || missing+=("$CUPS_PDF_BACKEND (Debian package printer-driver-cups-pdf)")
    [ -r "$CUPS_PDF_PPD" ] || missing+=("$CUPS_PDF_PPD (Debian package printer-driver-cups-pdf)")
    [ -x /usr/lib/cups/backend/socket ] || missing+=("/usr/lib/cups/backend/socket (Debian package cups)")
    [ -x /usr/lib/cups/filter/pdftops ] ||
        missing+=("/usr/lib/cups/filter/pdftops (Debian package cups-filters-core-drivers)")
    if [ "${#missing[@]}" -gt 0 ]; then
        printf 'cupsd.sh: missing: %s\n' "${missing[@]}" >&2
        exit 127
    fi
    [ "$(id -u)" = 0 ] || die "must run as root (cupsd runs its backends as root/lp and unshare -m needs CAP_SYS_ADMIN)"
}

# A port nobody listens on now. Raced by anyone else picking ports; `start` retries on failure.
free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    die "no free port found"
}

write_config() { # DIR PORT
    local dir=$1 port=$2
    mkdir -p "$dir"/{etc/ppd,etc/ssl,spool/tmp,cache,state,log,pdf,cups-pdf-spool}
    # cups-pdf writes as the requesting user when this machine knows it, else as AnonUser.
    chmod 1777 "$dir/pdf"
    cat >"$dir/cups-files.conf" <<EOF
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
ServerKeychain $dir/etc/ssl
ServerBin /usr/lib/cups
DataDir /usr/share/cups
DocumentRoot /usr/share/cups/doc-root
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
Printcap $dir/printcap
User lp
Group lp
SystemGroup root
FileDevice No
FatalErrors config
EOF
    cat >"$dir/cupsd.conf" <<EOF
LogLevel debug
MaxLogSize 0
Listen 127.0.0.1:$port
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
PreserveJobHistory Yes
PreserveJobFiles No
ErrorPolicy abort-job
JobRetryInterval 1
<Location />
  Order deny,allow
  Deny all
  Allow 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
DefaultPolicy default
EOF
    # The backend runs as root (its mode is 0700) and writes into Out (a known user) or
    # AnonDirName (a requesting user unknown to this machine) as that user or AnonUser.
    cat >"$dir/cups-pdf.conf" <<EOF
Out $dir/pdf
AnonDirName $dir/pdf
AnonUser nobody
AnonUMask 0000
UserUMask 0000
Spool $dir/cups-pdf-spool
Log $dir/log
LogType 7
Grp root
Label 2
TitlePref 1
EOF
}

wait_ready() { # PORT PID
    local port=$1 pid=$2
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 1
        if lpstat -h "127.0.0.1:$port" -r 2>/dev/null | grep -q 'is running'; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

start() {
    local dir=$1 raw_port=${2:-}
    [ -n "$dir" ] || die "usage: $0 start DIR [RAW_PORT]"
    check_tools
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/cupsd.pid" ] && kill -0 "$(cat "$dir/cupsd.pid")" 2>/dev/null; then
        die "a cupsd from $dir is already running (pid $(cat "$dir/cupsd.pid"))"
    fi
    # Filters run as lp and cups-pdf as nobody for unknown users: they must reach into DIR.
    chmod 0755 "$dir"

    local port pid ok=""
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        write_config "$dir" "$port"
        unshare -m --propagation private sh -c \
            'mount --bind "$1" /etc/cups/cups-pdf.conf && exec cupsd -f -c "$2" -s "$3"' \
            cupsd-private "$dir/cups-pdf.conf" "$dir/cupsd.conf" "$dir/cups-files.conf" \
            </dev/null >"$dir/log/cupsd.out" 2>&1 &
        pid=$!
        echo "$pid" >"$dir/cupsd.pid"
        if wait_ready "$port" "$pid"; then
            ok=1
            break
        fi
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        rm -f "$dir/cupsd.pid"
        # Retry only a lost race for the port; anything else is reported.
        grep -q -i 'address already in use' "$dir/log/error_log" "$dir/log/cupsd.out" 2>/dev/null || break
    done
    if [ -z "$ok" ]; then
        echo "cupsd.sh: cupsd did not start; its output and log:" >&2
        cat "$dir/log/cupsd.out" >&2 2>/dev/null || true
        tail -n 30 "$dir/log/error_log" >&2 2>/dev/null || true
        exit 1
    fi
    local server="127.0.0.1:$port"

    if [ -z "$raw_port" ]; then
        command -v socat >/dev/null 2>&1 || die "missing: socat (Debian package socat), or pass RAW_PORT"
        raw_port=$(free_port)
        socat -u "TCP-LISTEN:$raw_port,bind=127.0.0.1,reuseaddr,fork" \
            "OPEN:$dir/raw.bin,creat,append" </dev/null >"$dir/log/socat.out" 2>&1 &
        echo "$!" >"$dir/socat.pid"
    fi

    # From here on a failure must not leave the scheduler behind.
    trap 'stop "$dir"' ERR
    lpadmin -h "$server" -p "$PDF_QUEUE" -E -v cups-pdf:/ -P "$CUPS_PDF_PPD" \
        -o printer-error-policy=abort-job >/dev/null ||
        fail_started "$dir" "lpadmin could not add $PDF_QUEUE"
    # A queue without a PPD is a raw queue: the bytes go to the device unchanged. snmp=false: no
    # SNMP status polling of 127.0.0.1; waiteof: wait for the listener to close after the job.
    lpadmin -h "$server" -p "$RAW_QUEUE" -E -v "socket://127.0.0.1:$raw_port/?snmp=false&waiteof=true" \
        -o printer-error-policy=abort-job 2>&1 | grep -v -i deprecated >&2 || true
    lpstat -h "$server" -v "$RAW_QUEUE" >/dev/null 2>&1 ||
        fail_started "$dir" "lpadmin could not add $RAW_QUEUE"
    trap - ERR

    cat >"$dir/cupsd.env" <<EOF
SERVER=$server
PDF_QUEUE=$PDF_QUEUE
PDF_DIR=$dir/pdf
RAW_QUEUE=$RAW_QUEUE
RAW_PORT=$raw_port
CUPSD_PID=$pid
EOF
    echo "$server"
}

fail_started() { # DIR MESSAGE
    echo "cupsd.sh: $2; the end of $1/log/error_log:" >&2
    grep -E '^[EW] ' "$1/log/error_log" | tail -n 20 >&2 || true
    stop "$1"
    exit 1
}

# Exited: no such process, or a zombie its new parent (whatever runs as pid 1) has not reaped yet.
gone() { # PID
    local state=""
    [ -r "/proc/$1/stat" ] && read -r _ _ state _ <"/proc/$1/stat" 2>/dev/null
    [ -z "$state" ] || [ "$state" = Z ]
}

stop_pid() { # FILE
    local file=$1 pid
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    if kill -TERM "$pid" 2>/dev/null; then
        for _ in $(seq 1 100); do
            gone "$pid" && break
            sleep 0.1
        done
        gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

stop() {
    local dir=$1
    [ -n "$dir" ] || die "usage: $0 stop DIR"
    [ -d "$dir" ] || return 0
    stop_pid "$dir/cupsd.pid"
    stop_pid "$dir/socat.pid"
}

case "${1:-}" in
start) start "${2:-}" "${3:-}" ;;
stop) stop "${2:-}" ;;
*) die "usage: $0 start DIR [RAW_PORT] | stop DIR" ;;
esac
