"""Private messages, sealed at rest: the key ring's checks at start-up,
key rotation from the command line, and (with a real SSH client) a
patient writing to her care team and the professional answering, the
unread counts, "not found" for someone else's conversation, and no
message text in the database, its WAL or a backup."""
import os
import re
import stat
import subprocess

from harness import (BUILD, DEMO_PASSWORD, Server, demo_server, set_conf)


def bbsd(*args):
    return subprocess.run([os.path.join(BUILD, "bbsd")] + list(args),
                          capture_output=True, text=True, timeout=30)


def file_has(path, needle):
    if not os.path.exists(path):
        return False
    with open(path, "rb") as f:
        return needle.encode() in f.read()


def test_key_ring_created_private_and_refused_when_unsafe():
    s = Server()
    try:
        ring = os.path.join(s.dir, "keys", "messages.key")
        # bbsctl init made it: 0600 in a 0700 directory of its own.
        assert stat.S_IMODE(os.stat(ring).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(os.path.dirname(ring)).st_mode) == 0o700
        r = bbsd("-t", "-c", s.conf_path)
        assert r.returncode == 0, r.stderr
        r = s.ctl("check")
        assert r.returncode == 0 and "message keys: ok (current key 1)" in r.stdout, \
            r.stdout + r.stderr
        # Readable by the group: bbsd refuses to check or start.
        os.chmod(ring, 0o640)
        r = bbsd("-t", "-c", s.conf_path)
        assert r.returncode == 1
        assert "%s: readable or writable by others (mode 640)" % ring in r.stderr, r.stderr
        r = bbsd("-c", s.conf_path)
        assert r.returncode == 1 and "readable or writable by others" in r.stderr
        os.chmod(ring, 0o600)
        # Beside the database: refused, a copy of the folder would carry it.
        os.rename(ring, os.path.join(s.dir, "messages.key"))
        set_conf(s, message_keys="messages.key")
        r = bbsd("-t", "-c", s.conf_path)
        assert r.returncode == 1
        assert "in the database's directory" in r.stderr, r.stderr
        # Missing: refused with the file named.
        set_conf(s, message_keys="keys/messages.key")
        r = bbsd("-t", "-c", s.conf_path)
        assert r.returncode == 1
        assert "%s: No such file or directory" % ring in r.stderr, r.stderr
    finally:
        s.cleanup()


def test_rotate_key_reseals_every_record():
    s = demo_server()
    try:
        before = s.sql("SELECT count(*) FROM messages WHERE body_key = 1")[0][0]
        assert before > 0
        r = s.ctl("rotate-key", "--batch", "2")
        assert r.returncode == 0, r.stderr
        m = re.search(r"key 2 is current; (\d+) records re-sealed", r.stdout)
        assert m and int(m.group(1)) >= before, r.stdout
        for table, col in (("messages", "body_key"),
                           ("conversations", "subject_key"),
                           ("mirror_requests", "details_key")):
            left = s.sql("SELECT count(*) FROM %s WHERE %s = 1" % (table, col))[0][0]
            assert left == 0, (table, left)
        ring = os.path.join(s.dir, "keys", "messages.key")
        keys = [l for l in open(ring) if l[:1].isdigit()]
        assert [k.split()[0] for k in keys] == ["1", "2"]
        assert stat.S_IMODE(os.stat(ring).st_mode) == 0o600
        r = s.ctl("check")
        assert "message keys: ok (current key 2)" in r.stdout, r.stdout
        # The rotation is in the audit trail, without any text.
        rows = s.sql("SELECT detail FROM audit WHERE action = 'keys.rotate'")
        assert len(rows) == 1 and rows[0][0].startswith("key 2, ")
        # Finishing again moves nothing.
        r = s.ctl("rotate-key", "--finish")
        assert r.returncode == 0 and "key 2 is current; 0 records" in r.stdout, r.stdout
    finally:
        s.cleanup()
