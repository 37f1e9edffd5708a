# write_to_named_pipe.py — the seed chapter's writer, verbatim in behaviour.
# The tests pass the FIFO path as the first argument (default "my_pipe").

import os
import sys


def write_message(input_pipe, message):
    fd = os.open(input_pipe, os.O_WRONLY)
    os.write(fd, (message % str(os.getpid())).encode())
    os.close(fd)


if __name__ == "__main__":
    named_pipe = sys.argv[1] if len(sys.argv) > 1 else "my_pipe"

    if not os.path.exists(named_pipe):
        os.mkfifo(named_pipe)

    write_message(named_pipe, "Hello %s")
