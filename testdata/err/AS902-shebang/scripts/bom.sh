#!/bin/bash
echo bom
