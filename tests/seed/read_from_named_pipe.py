# read_from_named_pipe.py — the seed chapter's reader, verbatim in behaviour.
# The tests pass the FIFO path as the first argument (default "my_pipe").

import os
import sys


def read_message(input_pipe):
    fd = os.open(input_pipe, os.O_RDONLY)
    message = "I pid [%d] received a message => %s" % (
        os.getpid(),
        os.read(fd, 22).decode(),
    )
    os.close(fd)
    return message


if __name__ == "__main__":
    named_pipe = sys.argv[1] if len(sys.argv) > 1 else "my_pipe"

    if not os.path.exists(named_pipe):
        os.mkfifo(named_pipe)

    print(read_message(named_pipe))
