#!/bin/busybox sh
# /init of the `jaffa linux` root file system (scripts/fetch-linux.sh): Debian's glibc userspace
# with busybox for what Debian's packages do not provide. Loads the device modules, mounts the
# host share, then runs the command `jaffa linux -- COMMAND` put in /jaffa/command (an extra
# initramfs archive) and reports its status, or starts an interactive shell. With root= on the
# kernel command line, a disk is the root file system instead (see root_disk below).
/bin/busybox mkdir -p /usr/libexec/busybox
/bin/busybox --install -s /usr/libexec/busybox
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/usr/libexec/busybox
export HOME=/root TERM="${TERM:-vt100}"
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmp /tmp
hostname -F /etc/hostname
loglevel=$(cut -f1 /proc/sys/kernel/printk)
dmesg -n 1
for m in $(cat /lib/modules/load-order); do insmod "$m" 2>/dev/null; done
# virtio_blk and ext4 (with jbd2, mbcache, crc16, ...) only with a disk (virtio device ID 2): on
# Debian 13's kernel loading them took 0.3 G instructions, a third of a boot to this point.
if grep -qx 0x0002 /sys/bus/virtio/devices/*/device 2>/dev/null; then
  for m in $(cat /lib/modules/load-order.block 2>/dev/null); do insmod "$m" 2>/dev/null; done
fi
dmesg -n "$loglevel"
# The host directory `jaffa linux` shares (tag "host"), as the FVP flow mounts it.
for t in /sys/bus/virtio/drivers/9pnet_virtio/*/mount_tag; do
  [ -f "$t" ] && [ "$(tr -d '\0' < "$t")" = host ] && \
    mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 host /mnt/host && break
done
grep -q " /mnt/host " /proc/mounts && cd /mnt/host

# root=DEV (/dev/vda, LABEL=..., UUID=...) boots a disk as QEMU's and the FVP's users do. The
# kernel cannot mount it itself (Debian builds virtio_blk and ext4 as modules), so this /init does
# what Debian's initramfs does: mount it read-only unless rw is given (rootfstype=, rootflags=
# as for the kernel) and switch_root into its init= (default /sbin/init), or, with a COMMAND, run
# COMMAND chrooted there and stay PID 1 to report its status and power off. A root that cannot be
# mounted ends this init, and so panics the kernel, as it would without an initramfs.
root_disk() {
  set -f
  for a in $(cat /proc/cmdline); do
    case "$a" in
      root=*) root="${a#root=}" ;;
      rootfstype=*) fstype="${a#rootfstype=}" ;;
      rootflags=*) flags=",${a#rootflags=}" ;;
      ro|rw) mode="$a" ;;
      init=*) init="${a#init=}" ;;
    esac
  done
  set +f
  [ -n "$root" ] || return 0
  dev="$root"
  n=0
  while :; do
    case "$root" in LABEL=*|UUID=*) dev=$(findfs "$root" 2>/dev/null) ;; esac
    [ -b "$dev" ] || [ "$n" -ge 50 ] && break
    n=$((n + 1)); sleep 0.1
  done
  mkdir -p /newroot
  if ! mount ${fstype:+-t "$fstype"} -o "${mode:-ro}$flags" "$dev" /newroot; then
    echo "jaffa: cannot mount root=$root (the disks: $(cd /sys/block && echo vd*))"
    exit 1
  fi
  init="${init:-/sbin/init}"
  if [ -f /jaffa/command ]; then
    for d in proc sys dev mnt/host; do
      grep -q " /$d " /proc/mounts && [ -d "/newroot/$d" ] && mount -o rbind "/$d" "/newroot/$d"
    done
    sh=/bin/sh; [ -x /newroot/bin/bash ] && sh=/bin/bash
    start=/; grep -q " /newroot/mnt/host " /proc/mounts && start=/mnt/host
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      /bin/busybox chroot /newroot "$sh" -c "cd $start; $(cat /jaffa/command)"
    echo "jaffa-linux-exit-status=$?"
    for d in mnt/host dev sys proc; do umount -l "/newroot/$d" 2>/dev/null; done
    sync
    umount /newroot 2>/dev/null || mount -o remount,ro /newroot
    poweroff -f
  fi
  if [ ! -e "/newroot$init" ] && [ ! -L "/newroot$init" ]; then
    echo "jaffa: root=$root has no $init (init= names another)"
    exit 1
  fi
  # The mounts move into the new root where it has the directory; switch_root frees the initramfs.
  cd /
  for d in dev sys mnt/host proc; do   # proc last: the loop reads /proc/mounts
    grep -q " /$d " /proc/mounts || continue
    if [ -d "/newroot/$d" ]; then mount --move "/$d" "/newroot/$d"; else umount -l "/$d"; fi
  done
  umount /tmp
  exec switch_root /newroot "$init" "$@"
}
root_disk "$@"

if [ -f /jaffa/command ]; then
  /bin/bash /jaffa/command
  echo "jaffa-linux-exit-status=$?"
else
  echo "jaffa: Debian $(cat /proc/sys/kernel/osrelease) userspace; 'poweroff' ends the run"
  # The console's own device (not /dev/console) as the shell's controlling terminal, so job
  # control works and Ctrl-C reaches the foreground job.
  tty=$(cut -d' ' -f1 /sys/class/tty/console/active 2>/dev/null)
  [ -c "/dev/$tty" ] || tty=console
  # busybox's poweroff, halt and reboot signal PID 1 (USR2, USR1, TERM); this script is PID 1, and
  # the shell runs in the background so that a signal interrupts the wait. A background command
  # starts with SIGINT and SIGQUIT ignored, which bash would hand on to every job (Ctrl-C would
  # stop only builtins): coreutils' env gives them back their default action.
  trap 'sync; poweroff -f' USR1 USR2
  trap 'sync; reboot -f' TERM
  /usr/bin/env --default-signal=INT,QUIT setsid -c /bin/bash -l <>"/dev/$tty" >&0 2>&0 &
  wait $!
fi
sync
poweroff -f
