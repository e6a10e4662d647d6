package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"strconv"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
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
	jsonrpc2.VSCodeObjectCodec // writing
	logger                     *log.Logger
}

// ReadObject implements jsonrpc2.ObjectCodec.
func (c codec) ReadObject(r *bufio.Reader, v interface{}) error {
	for {
		body, err := readFrame(r)
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
	length := -1
	sawHeader := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if !sawHeader {
				continue // stray blank line between messages
			}
			break
		}
		sawHeader = true
		name, value, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err == nil && n >= 0 && n <= maxMessage {
				length = n
			}
		}
	}
	if length < 0 {
		return nil, nil
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("reading a %d-byte message: %w", length, err)
	}
	return body, nil
}
