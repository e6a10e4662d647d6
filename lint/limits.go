package lint

// MaxAppSpecSize is the largest appspec that is linted: on disk, on
// standard input, in an archive or in an editor. Real appspecs are a few
// kilobytes (the largest of the corpus is 5 KB); parsing and linting cost
// up to about two hundred times a file's size in memory, so this bound keeps
// the worst case near 200 MB and a second, where the 10 MB file someone
// named appspec.yml by mistake would take two gigabytes.
const MaxAppSpecSize = 1 << 20
