#!/usr/bin/env python3
"""Holds a listening socket and runs an application on it, as systemd does with a socket
unit (Accept=no) and a service with StandardInput=socket: the socket is the child's
standard input, and stays listening here while no child runs.

Usage: socket_holder.py LOG BACKLOG -- COMMAND...

Prints 'port N' once listening on 127.0.0.1, then 'started PID' and 'exited PID CODE' as
children come and go. Reads commands on standard input, one a line: 'replace' sends
SIGTERM to the child, waits for it to exit and starts a new one on the same socket;
'quit' (or the end of standard input) stops the child and exits. A child that does not
exit within 60 s of its SIGTERM is killed ('killed PID').
"""
import signal
import socket
import subprocess
import sys


def main():
    log_path, backlog, separator, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    if separator != "--" or not command:
        sys.exit(__doc__)
    listen = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listen.bind(("127.0.0.1", 0))
    listen.listen(backlog)
    print("port", listen.getsockname()[1], flush=True)
    with open(log_path, "ab") as log:
        def start():
            child = subprocess.Popen(command, stdin=listen.fileno(), stdout=log, stderr=subprocess.STDOUT)
            print("started", child.pid, flush=True)
            return child

        def stop(child):
            child.send_signal(signal.SIGTERM)
            try:
                code = child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()
                code = child.wait()
                print("killed", child.pid, flush=True)
            print("exited", child.pid, code, flush=True)

        child = start()
        for line in sys.stdin:
            if line.strip() == "replace":
                stop(child)
                child = start()
            elif line.strip() == "quit":
                break
        stop(child)


if __name__ == "__main__":
    main()
