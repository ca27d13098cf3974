'use strict';
// Filled in by its own feature (see app.js HG_CONSOLE).
