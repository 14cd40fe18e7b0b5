import {layout} from './ui.js';

layout('doors');
