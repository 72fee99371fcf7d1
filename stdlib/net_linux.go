//go:build linux || dragonfly || freebsd || netbsd || openbsd

package stdlib

import "golang.org/x/sys/unix"

const acceptName = "accept4"

func socketNB(family int) (int, error) {
	return unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
}

func acceptNB(fd int) (int, unix.Sockaddr, error) {
	return unix.Accept4(fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
}
