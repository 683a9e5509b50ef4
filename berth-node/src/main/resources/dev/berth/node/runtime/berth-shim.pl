#!/usr/bin/perl
# berth-shim: supervises one container instance for berth's OsProcessLauncher.
#
# berth starts it as
#   setsid unshare --pid --mount --uts --propagation private -- perl berth-shim.pl <title>
# or, when berth runs as root and passes the setsid and unshare syscall numbers, as
#   perl berth-shim.pl <title>
# and the shim then calls setsid(2), unshare(2) and mount(2) itself to the same effect. Either way
# this process lives in the container's new mount and UTS namespaces, and its first and only
# child becomes PID 1 of the new PID namespace. It is the direct parent of the workload, so it
# sees the workload's exact wait status. It is detached from berth (own session; its line to berth
# is closed once the workload runs): when berth crashes, the container, its log writer and its
# exit record carry on, and a later berth adopts them from the files below.
#
# stdin: the launch spec as NUL-terminated fields (written by ShimSpec.java):
#   "berth-shim/3", exitFile, logFile, maxLogBytes, hostname, workingDir, lookupPath, program,
#   mountProgram, mountSyscall, setsidSyscall, unshareSyscall,
#   mountCount, {source, target, "ro"|"rw"[+"?"]} x mountCount,
#   execCount, exec..., envCount, "NAME=value"...
#   exec is the final argv (a setpriv prefix, then the container's argv); program is the
#   container's argv[0], checked against lookupPath before anything runs. A mount whose mode
#   ends in "?" is optional: when its mount point cannot be created it is skipped (noted on stderr).
#   mountSyscall is the number of mount(2) on this machine, or 0: with it, the mounts are made by
#   the syscall, and mountProgram runs only when that fails (its message then says why).
#   setsidSyscall and unshareSyscall are 0 when berth started the shim under setsid and unshare.
# stdout to berth: exactly one line, then closed:
#   "ready <pid>"   the workload is being exec'd as PID 1 (pid = its pid on the host)
#   "error <text>"  the sandbox could not be prepared; nothing ran
#   "exit <code>"   the child died before reporting
# The container's stdout and stderr are written to logFile in the CRI format
#   <RFC3339Nano> <stdout|stderr> <F|P> <text>
# (F: a full line, P: a partial one, split at 16 KiB), one timestamp per chunk read; the file is
# renamed to logFile.1 (replacing it) when it would grow past maxLogBytes. When the container has
# ended and its output is drained, "<exitCode> <finishedAt>\n" is written to exitFile (by rename)
# and this process exits. exitCode is 128+signal for a signal death.
#
# The shim loads no module before the workload runs (each would delay every container start by a
# millisecond or more): Time::HiRes only when it writes its first timestamp. It is written to pass
# perl -Mstrict -Mwarnings -c (OsProcessLauncherIT checks that).
my $hires;
my $log_complained = 0;
$SIG{$_} = 'IGNORE' for qw(HUP INT QUIT PIPE TERM);
$0 = 'berth-shim ' . ($ARGV[0] // '');

my $spec = do { local $/; <STDIN> };
open(STDIN, '<', '/dev/null');
my @f = split(/\0/, $spec // '', -1);
pop @f if @f && $f[-1] eq '';
sub take { die "berth-shim: truncated spec\n" unless @f; return shift @f }
die "berth-shim: unknown spec version\n" unless take() eq 'berth-shim/3';
my ($exit_file, $log_file, $max_log, $hostname, $workdir, $lookup_path, $program, $mount_prog, $mount_nr, $setsid_nr, $unshare_nr)
    = map { take() } 1 .. 11;
$_ += 0 for $mount_nr, $setsid_nr, $unshare_nr;
my @mounts = map { [take(), take(), take()] } 1 .. take();
my @exec = map { take() } 1 .. take();
my @env = map { take() } 1 .. take();

sub timestamp {
  $hires //= eval { require Time::HiRes; 1 } ? 1 : 0;
  my ($s, $us) = $hires ? Time::HiRes::gettimeofday() : (time(), 0);
  my @t = gmtime($s);
  my $frac = sprintf('%06d', $us);
  $frac =~ s/0+$//;
  return sprintf('%04d-%02d-%02dT%02d:%02d:%02d', $t[5] + 1900, $t[4] + 1, $t[3], $t[2], $t[1], $t[0])
      . ($frac eq '' ? '' : ".$frac") . 'Z';
}

sub tell_berth {
  print STDOUT "$_[0]\n";
  close(STDOUT);
  open(STDOUT, '>', '/dev/null');
}

if ($unshare_nr) {
  # setsid; unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID); mount --make-rprivate /
  syscall($setsid_nr) > 0 or do { tell_berth("error setsid: $!"); exit 125 };
  syscall($unshare_nr, 0x00020000 | 0x04000000 | 0x20000000) == 0
      or do { tell_berth("error berth cannot create Linux namespaces here: unshare: $!"); exit 125 };
  my ($none, $root) = ('none', '/');    # syscall() wants modifiable strings
  syscall($mount_nr, $none, $root, 0, 16384 | 262144, 0) == 0
      or do { tell_berth("error cannot make the container's mounts private: $!"); exit 125 };
}

open(my $log, '>>', $log_file) or do { tell_berth("error cannot open log file $log_file: $!"); exit 125 };
my $log_size = -s $log // 0;
pipe(my $out_r, my $out_w) or die "pipe: $!";
pipe(my $err_r, my $err_w) or die "pipe: $!";
pipe(my $ctl_r, my $ctl_w) or die "pipe: $!";

my $pid = fork();
if (!defined $pid) { tell_berth("error fork: $!"); exit 125 }
if ($pid == 0) { container_init() }
close($out_w);
close($err_w);
close($ctl_w);

my $first = <$ctl_r>;
close($ctl_r);
if (defined $first && $first =~ /^ready/) {
  tell_berth("ready $pid");
} elsif (defined $first) {
  chomp $first;
  tell_berth($first);
}

# The log writer: until both pipes are at end of file (every process of the PID namespace is gone).
my %partial = (stdout => '', stderr => '');
my @streams = ([$out_r, 'stdout'], [$err_r, 'stderr']);
while (@streams) {
  my $rin = '';
  vec($rin, fileno($_->[0]), 1) = 1 for @streams;
  my $n = select(my $rout = $rin, undef, undef, undef);
  next if $n < 0;    # EINTR
  my $ts = timestamp();
  my $records = '';
  for my $s (@streams) {
    next unless vec($rout, fileno($s->[0]), 1);
    my $got = sysread($s->[0], my $data, 65536);
    if (!$got) {
      $records .= "$ts $s->[1] F $partial{$s->[1]}\n" if $partial{$s->[1]} ne '';
      $partial{$s->[1]} = '';
      $s->[1] = undef;
      next;
    }
    $partial{$s->[1]} .= $data;
    while ($partial{$s->[1]} =~ s/^([^\n]*)\n//) { $records .= "$ts $s->[1] F $1\n" }
    while (length($partial{$s->[1]}) >= 16384) { $records .= "$ts $s->[1] P " . substr($partial{$s->[1]}, 0, 16384, '') . "\n" }
  }
  @streams = grep { defined $_->[1] } @streams;
  write_log($records) if $records ne '';
}
close($log) if defined $log;

waitpid($pid, 0);
my $status = $?;
my $code = ($status & 127) ? 128 + ($status & 127) : ($status >> 8);
tell_berth("exit $code") unless defined $first;
open(my $ef, '>', "$exit_file.tmp") or die "berth-shim: $exit_file.tmp: $!";
print $ef "$code " . timestamp() . "\n";
close($ef) or die "berth-shim: $exit_file.tmp: $!";
rename("$exit_file.tmp", $exit_file) or die "berth-shim: $exit_file: $!";
exit 0;

# Appends records to the log, rotating first when they would take it past the limit. A log that
# cannot be written (disk full, directory gone) loses records, never the container: the pipes are
# still drained, so the workload neither blocks nor gets SIGPIPE, and its exit is still recorded.
sub write_log {
  my ($records) = @_;
  if (defined $log && $log_size > 0 && $log_size + length($records) > $max_log) {
    close($log);
    rename($log_file, "$log_file.1") or complain("rename $log_file: $!");
    undef $log;
  }
  if (!defined $log) {
    open($log, '>>', $log_file) or do { complain("open $log_file: $!"); undef $log; return };
    $log_size = -s $log // 0;
  }
  my $off = 0;
  while ($off < length($records)) {
    my $w = syswrite($log, $records, length($records) - $off, $off);
    if (!defined $w) { complain("write $log_file: $!"); close($log); undef $log; return }
    $off += $w;
  }
  $log_size += length($records);
}

sub complain {
  print STDERR "berth-shim: $_[0]\n" unless $log_complained++ > 10;
}

# --- PID 1 of the new PID namespace: prepare the sandbox, then exec the workload ---

sub container_init {
  # Ignored signals stay ignored across exec, and a shell cannot trap what it inherited ignored.
  $SIG{$_} = 'DEFAULT' for qw(HUP INT QUIT PIPE TERM);
  close($out_r);
  close($err_r);
  close($ctl_r);
  my $fail = sub { print $ctl_w "error $_[0]\n"; close($ctl_w); exit 125 };
  # MS_NOSUID | MS_NODEV | MS_NOEXEC
  my $err = mount_fs(['-t', 'proc', '-o', 'nosuid,nodev,noexec', 'proc', '/proc'], 'proc', '/proc', 'proc', 2 | 4 | 8);
  $fail->("cannot mount /proc for the container's PID namespace: $err") if defined $err;
  my $h;
  (open($h, '>', '/proc/sys/kernel/hostname') && (print $h $hostname) && close($h))
      or $fail->("cannot set the hostname to \"$hostname\": $!");
  MOUNT: for my $m (@mounts) {
    my ($src, $tgt, $mode) = @$m;
    my $optional = $mode =~ s/\?$//;
    $fail->("mount source $src does not exist") unless -e $src;
    if (-d $src) {
      mkdir_p($tgt) or $fail->("cannot create the mount point $tgt: $!");
    } elsif (!-e $tgt) {
      my $parent = $tgt =~ s{/[^/]*$}{}r;
      my $fh;
      if (!(mkdir_p($parent eq '' ? '/' : $parent) && open($fh, '>>', $tgt) && close($fh))) {
        if ($optional) { print STDERR "berth-shim: cannot create the mount point $tgt: $!; $src is not mounted\n"; next MOUNT }
        $fail->("cannot create the mount point $tgt: $!");
      }
    }
    # MS_BIND, then for read-only MS_REMOUNT | MS_BIND | MS_RDONLY, as mount(8) does
    $err = mount_fs(['--bind', ($mode eq 'ro' ? ('-o', 'ro') : ()), '--', $src, $tgt], $src, $tgt, 0, 4096,
        $mode eq 'ro' ? 32 | 4096 | 1 : 0);
    $fail->("cannot mount $src at $tgt: $err") if defined $err;
  }
  mkdir_p($workdir) or $fail->("cannot create the working directory \"$workdir\": $!");
  chdir($workdir) or $fail->("chdir to the working directory \"$workdir\" failed: $!");
  my $problem = lookup($program, $lookup_path);
  $fail->($problem) if defined $problem;

  open(STDOUT, '>&', $out_w) or $fail->("stdout: $!");
  open(STDERR, '>&', $err_w) or $fail->("stderr: $!");
  close($out_w);
  close($err_w);
  %ENV = ();
  for my $e (@env) {
    my ($k, $v) = split(/=/, $e, 2);
    $ENV{$k} = $v;
  }
  print $ctl_w "ready\n";
  close($ctl_w);
  { exec { $exec[0] } @exec }
  my $errno = $! + 0;
  print STDERR "berth: exec $exec[0]: $!\n";
  exit($errno == 2 ? 127 : 126);
}

# Mounts with mount(2) when its number is known (no process to start), else, or when the syscall
# fails, with the mount program and $args. Returns undef on success, else the program's complaint.
# $type 0 is a NULL file system type (a bind mount); $remount, if not 0, the flags of a second
# call that remounts the target.
sub mount_fs {
  my ($args, $src, $tgt, $type, $flags, $remount) = @_;
  if ($mount_nr) {
    my $ok = syscall($mount_nr, $src, $tgt, $type, $flags, 0) == 0;
    $ok = syscall($mount_nr, $src, $tgt, 0, $remount, 0) == 0 if $ok && $remount;
    return undef if $ok;
  }
  return run($mount_prog, @$args);
}

# Runs a helper program, returns undef on success or its output (or status) on failure.
sub run {
  my @cmd = @_;
  pipe(my $r, my $w) or return "pipe: $!";
  my $p = fork();
  return "fork: $!" unless defined $p;
  if ($p == 0) {
    open(STDOUT, '>&', $w);
    open(STDERR, '>&', $w);
    { exec { $cmd[0] } @cmd }
    print STDERR "exec $cmd[0]: $!";
    exit 127;
  }
  close($w);
  my $out = do { local $/; <$r> } // '';
  close($r);
  waitpid($p, 0);
  return undef if $? == 0;
  $out =~ s/\s+$//;
  $out =~ s/\s*\n\s*/ /g;
  return $out ne '' ? $out : "exit status " . ($? >> 8);
}

sub mkdir_p {
  my ($d) = @_;
  return 1 if -d $d;
  my $parent = $d =~ s{/+[^/]*/*$}{}r;
  if ($parent ne '' && $parent ne $d) { mkdir_p($parent) or return 0 }
  return mkdir($d, 0755) || -d $d;
}

# Go's exec.LookPath, as runc applies it to argv[0] with the container's PATH.
sub lookup {
  my ($prog, $path) = @_;
  if ($prog =~ m{/}) {
    return qq{exec: "$prog": stat $prog: no such file or directory} unless -e $prog;
    return qq{exec: "$prog": permission denied} if -d _ || !-x _;
    return undef;
  }
  for my $d (split(/:/, $path, -1)) {
    my $f = ($d eq '' ? '.' : $d) . "/$prog";
    return undef if -f $f && -x _;
  }
  return qq{exec: "$prog": executable file not found in \$PATH};
}
