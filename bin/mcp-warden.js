#!/usr/bin/env node
// The published entry: one bundle of the tsc output, so start-up reads a few files, not hundreds.
import '../dist/bundle/main.js';
