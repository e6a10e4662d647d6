package lsp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"strings"
)

// maxMessage bounds one message body; an appspec is a few KB, a client that
// announces more than this is broken or hostile.
const maxMessage = 64 << 20

// codec frames messages as jsonrpc2.VSCodeObjectCodec does (Content-Length
// headers) but never lets a bad message end the connection: a body that is
// not JSON, or not a JSON-RPC message, is logged and skipped, and the next
// message is read. Only the end of the input (or a broken frame we cannot
// resynchronise after) closes the connection.
type codec struct {
	logger *log.Logger
}

// WriteObject implements jsonrpc2.ObjectCodec, framing as
// VSCodeObjectCodec does. jsonrpc2 hands over its message type, whose
// MarshalJSON already returns compact JSON; calling it directly saves the
// pass in which json.Marshal would compact that output again (a
// publishDiagnostics with thousands of findings is a megabyte).
func (codec) WriteObject(w io.Writer, obj interface{}) error {
	var data []byte
	var err error
	if m, ok := obj.(json.Marshaler); ok {
		data, err = m.MarshalJSON()
	} else {
		data, err = json.Marshal(obj)
	}
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", len(data)); err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// ReadObject implements jsonrpc2.ObjectCodec.
func (c codec) ReadObject(r *bufio.Reader, v interface{}) error {
	for {
		body, err := readFrame(r)
		var big errTooLarge
		if errors.As(err, &big) {
			c.logger.Printf("ignoring a message of %d bytes, more than the %d MiB limit", big.length, maxMessage>>20)
			continue
		}
		if err != nil {
			return err
		}
		if body == nil {
			continue // a header block without a usable length: skipped
		}
		if err := json.Unmarshal(body, v); err != nil {
			c.logger.Printf("ignoring a malformed message (%v): %.200q", err, body)
			continue
		}
		return nil
	}
}

// readFrame reads one header block and its body. It returns a nil body (and
// no error) for a block without a valid Content-Length.
func readFrame(r *bufio.Reader) ([]byte, error) {
	length := int64(-1)
	sawHeader := false
	for {
		line, err := readHeaderLine(r)
		if err != nil {
			return nil, err
		}
		if line == "" {
			if !sawHeader {
				continue // stray blank line between messages
			}
			break
		}
		sawHeader = true
		name, value, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err == nil && n >= 0 {
				length = n
			}
		}
	}
	if length < 0 {
		return nil, nil
	}
	if length > maxMessage {
		// The frame is well formed, only too big to hold: its body is read
		// past without keeping it, so the next message is found where the
		// length says it starts.
		if _, err := io.CopyN(io.Discard, r, length); err != nil {
			return nil, fmt.Errorf("skipping a %d-byte message: %w", length, err)
		}
		return nil, errTooLarge{length}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("reading a %d-byte message: %w", length, err)
	}
	return body, nil
}

// errTooLarge is a message skipped for its size.
type errTooLarge struct{ length int64 }

func (e errTooLarge) Error() string { return fmt.Sprintf("a message of %d bytes", e.length) }

// maxHeaderLine bounds what is kept of one header line; real ones are
// "Content-Length: 1234".
const maxHeaderLine = 4096

// readHeaderLine reads one header line, without its line break. Of a longer
// line only the first maxHeaderLine bytes are kept (the rest is read and
// dropped), so a client that never sends a line break cannot make the
// server hold its whole output.
func readHeaderLine(r *bufio.Reader) (string, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if keep := maxHeaderLine - len(line); keep > 0 {
			line = append(line, chunk[:min(len(chunk), keep)]...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(line), "\r\n"), nil
	}
}
